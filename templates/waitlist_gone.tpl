{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Ce créneau n'est plus disponible]]</h1>
<div class="alert" role="alert"><p>[[Ce créneau a déjà été pris : le délai pour le confirmer est passé et il a été proposé à quelqu'un d'autre.]]</p></div>
{{#STAYS}}<p>[[Vous restez sur la liste d'attente : nous vous écrirons si une autre place se libère.]]</p>{{/STAYS}}
{{#LAST}}<p>[[C'était la dernière proposition de cette inscription. Vous pouvez chercher un autre horaire ou vous inscrire de nouveau.]]</p>{{/LAST}}
<p><a href="/liste/{{ENTRY_REF}}?t={{ENTRY_TOKEN}}">[[Voir mon inscription sur la liste d'attente]]</a></p>
<p><a href="/">[[Chercher un autre horaire]]</a></p>
{{>FOOTER}}
