{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Votre avis sur votre rendez-vous]]</h1>
<p>[[Rendez-vous du {{DATE}}, {{SITE}} ({{PROCEDURE}}).]] [[Cinq questions, deux minutes. Vos réponses sont anonymes : elles ne sont reliées ni à votre nom ni à votre rendez-vous.]]</p>
{{#FORM_ERRORS}}
<div class="alert" role="alert">
<h2>[[Le formulaire contient des erreurs]]</h2>
<ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul>
</div>
{{/FORM_ERRORS}}
<form action="/avis/{{REF}}" method="post" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="t" value="{{TOKEN}}">
<p class="hint">[[Toutes les questions sont obligatoires sauf le commentaire.]]</p>
<fieldset class="card radios"{{#ERR_SATISFACTION}} aria-describedby="satisfaction-err"{{/ERR_SATISFACTION}}>
<legend>[[Dans l'ensemble, êtes-vous satisfait(e) de votre rendez-vous ?]]</legend>
{{#ERR_SATISFACTION}}<p class="error" id="satisfaction-err">{{E_SATISFACTION}}</p>{{/ERR_SATISFACTION}}
<p><input type="radio" id="satisfaction" name="satisfaction" value="1"{{#C_SATISFACTION_1}} checked{{/C_SATISFACTION_1}}{{#ERR_SATISFACTION}} aria-invalid="true"{{/ERR_SATISFACTION}}> <label for="satisfaction">[[Satisfait(e)]]</label></p>
<p><input type="radio" id="satisfaction-2" name="satisfaction" value="2"{{#C_SATISFACTION_2}} checked{{/C_SATISFACTION_2}}{{#ERR_SATISFACTION}} aria-invalid="true"{{/ERR_SATISFACTION}}> <label for="satisfaction-2">[[Moyennement satisfait(e)]]</label></p>
<p><input type="radio" id="satisfaction-3" name="satisfaction" value="3"{{#C_SATISFACTION_3}} checked{{/C_SATISFACTION_3}}{{#ERR_SATISFACTION}} aria-invalid="true"{{/ERR_SATISFACTION}}> <label for="satisfaction-3">[[Pas satisfait(e)]]</label></p>
</fieldset>
<fieldset class="card radios"{{#ERR_FACILITE}} aria-describedby="facilite-err"{{/ERR_FACILITE}}>
<legend>[[La prise de rendez-vous a-t-elle été facile ?]]</legend>
{{#ERR_FACILITE}}<p class="error" id="facilite-err">{{E_FACILITE}}</p>{{/ERR_FACILITE}}
<p><input type="radio" id="facilite" name="facilite" value="1"{{#C_FACILITE_1}} checked{{/C_FACILITE_1}}{{#ERR_FACILITE}} aria-invalid="true"{{/ERR_FACILITE}}> <label for="facilite">[[Facile]]</label></p>
<p><input type="radio" id="facilite-2" name="facilite" value="2"{{#C_FACILITE_2}} checked{{/C_FACILITE_2}}{{#ERR_FACILITE}} aria-invalid="true"{{/ERR_FACILITE}}> <label for="facilite-2">[[Moyennement facile]]</label></p>
<p><input type="radio" id="facilite-3" name="facilite" value="3"{{#C_FACILITE_3}} checked{{/C_FACILITE_3}}{{#ERR_FACILITE}} aria-invalid="true"{{/ERR_FACILITE}}> <label for="facilite-3">[[Difficile]]</label></p>
</fieldset>
<fieldset class="card radios"{{#ERR_CLARTE}} aria-describedby="clarte-err"{{/ERR_CLARTE}}>
<legend>[[Les informations reçues (pièces à apporter, lieu, horaire) étaient-elles claires ?]]</legend>
{{#ERR_CLARTE}}<p class="error" id="clarte-err">{{E_CLARTE}}</p>{{/ERR_CLARTE}}
<p><input type="radio" id="clarte" name="clarte" value="1"{{#C_CLARTE_1}} checked{{/C_CLARTE_1}}{{#ERR_CLARTE}} aria-invalid="true"{{/ERR_CLARTE}}> <label for="clarte">[[Claires]]</label></p>
<p><input type="radio" id="clarte-2" name="clarte" value="2"{{#C_CLARTE_2}} checked{{/C_CLARTE_2}}{{#ERR_CLARTE}} aria-invalid="true"{{/ERR_CLARTE}}> <label for="clarte-2">[[Moyennement claires]]</label></p>
<p><input type="radio" id="clarte-3" name="clarte" value="3"{{#C_CLARTE_3}} checked{{/C_CLARTE_3}}{{#ERR_CLARTE}} aria-invalid="true"{{/ERR_CLARTE}}> <label for="clarte-3">[[Pas claires]]</label></p>
</fieldset>
<fieldset class="card radios"{{#ERR_ATTENTE}} aria-describedby="attente-err"{{/ERR_ATTENTE}}>
<legend>[[Le temps d'attente sur place vous a-t-il convenu ?]]</legend>
{{#ERR_ATTENTE}}<p class="error" id="attente-err">{{E_ATTENTE}}</p>{{/ERR_ATTENTE}}
<p><input type="radio" id="attente" name="attente" value="1"{{#C_ATTENTE_1}} checked{{/C_ATTENTE_1}}{{#ERR_ATTENTE}} aria-invalid="true"{{/ERR_ATTENTE}}> <label for="attente">[[Satisfaisant]]</label></p>
<p><input type="radio" id="attente-2" name="attente" value="2"{{#C_ATTENTE_2}} checked{{/C_ATTENTE_2}}{{#ERR_ATTENTE}} aria-invalid="true"{{/ERR_ATTENTE}}> <label for="attente-2">[[Un peu long]]</label></p>
<p><input type="radio" id="attente-3" name="attente" value="3"{{#C_ATTENTE_3}} checked{{/C_ATTENTE_3}}{{#ERR_ATTENTE}} aria-invalid="true"{{/ERR_ATTENTE}}> <label for="attente-3">[[Trop long]]</label></p>
</fieldset>
<fieldset class="card radios"{{#ERR_APPEL}} aria-describedby="appel-err"{{/ERR_APPEL}}>
<legend>[[Avez-vous dû appeler la mairie pour prendre ce rendez-vous ou obtenir une information ?]]</legend>
{{#ERR_APPEL}}<p class="error" id="appel-err">{{E_APPEL}}</p>{{/ERR_APPEL}}
<p><input type="radio" id="appel" name="appel" value="oui"{{#C_APPEL_OUI}} checked{{/C_APPEL_OUI}}{{#ERR_APPEL}} aria-invalid="true"{{/ERR_APPEL}}> <label for="appel">[[Oui]]</label></p>
<p><input type="radio" id="appel-non" name="appel" value="non"{{#C_APPEL_NON}} checked{{/C_APPEL_NON}}{{#ERR_APPEL}} aria-invalid="true"{{/ERR_APPEL}}> <label for="appel-non">[[Non]]</label></p>
</fieldset>
<div class="field">
<label for="commentaire">[[Un commentaire, une suggestion (facultatif)]]</label>
<p class="hint" id="commentaire-hint">[[{{TEXT_MAX}} caractères au plus. Seuls les responsables de la mairie le lisent ; il n'est jamais publié tel quel. N'y écrivez pas votre nom ni vos coordonnées.]]</p>
{{#ERR_COMMENTAIRE}}<p class="error" id="commentaire-err">{{E_COMMENTAIRE}}</p>{{/ERR_COMMENTAIRE}}
<textarea id="commentaire" name="commentaire" rows="5" maxlength="{{TEXT_MAX}}" aria-describedby="commentaire-hint{{#ERR_COMMENTAIRE}} commentaire-err{{/ERR_COMMENTAIRE}}"{{#ERR_COMMENTAIRE}} aria-invalid="true"{{/ERR_COMMENTAIRE}}>{{V_COMMENTAIRE}}</textarea>
</div>
<p class="actions"><button type="submit" class="button">[[Envoyer mon avis]]</button></p>
</form>
{{>FOOTER}}
