{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Groupes du centre d'assistance]]</h1>
{{#NOTICE}}<p class="notice" role="status">{{MESSAGE}}</p>{{/NOTICE}}
{{#ALERT}}<div class="alert" role="alert"><p>{{MESSAGE}}</p></div>{{/ALERT}}
<table>
<caption>[[Groupes]]</caption>
<thead><tr><th scope="col">[[Groupe]]</th><th scope="col">[[Ligne]]</th><th scope="col">[[Sujet]]</th><th scope="col">[[Rattachement]]</th><th scope="col">[[Membres]]</th></tr></thead>
<tbody>
{{#GROUP}}<tr><th scope="row">{{NAME}}</th><td>{{LINE}}</td><td>{{TOPIC}}</td><td>{{COMMUNE}}</td><td>{{MEMBERS}}</td></tr>
{{/GROUP}}
</tbody>
</table>
{{#COMMUNE_FORM}}<h2>[[La deuxième ligne de la commune]]</h2>
<p>[[Choisissez, pour un sujet, les personnes de la commune à qui le centre d'assistance délègue les questions.]]</p>
<form action="/agent/assistance/groupes" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="sujet">[[Sujet]]</label><select id="sujet" name="sujet">{{#TOPIC_OPTION}}<option value="{{ID}}">{{NAME}}</option>{{/TOPIC_OPTION}}</select></div>
<fieldset><legend>[[Membres]]</legend>
{{#PERSON}}<div class="field"><input id="membre_{{ID}}" name="membre" type="checkbox" value="{{ID}}"> <label for="membre_{{ID}}">{{NAME}}</label></div>
{{/PERSON}}</fieldset>
<p class="actions"><button type="submit" class="button">[[Enregistrer le groupe]]</button></p>
</form>{{/COMMUNE_FORM}}
{{#PLATFORM_FORM}}<h2>[[Membres d'un groupe de la plateforme]]</h2>
<form action="/agent/assistance/groupes" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="groupe">[[Groupe]]</label><select id="groupe" name="groupe">{{#GROUP_OPTION}}<option value="{{ID}}">{{NAME}}</option>{{/GROUP_OPTION}}</select></div>
<fieldset><legend>[[Membres]]</legend>
{{#PERSON}}<div class="field"><input id="membre_{{ID}}" name="membre" type="checkbox" value="{{ID}}"> <label for="membre_{{ID}}">{{NAME}}</label></div>
{{/PERSON}}</fieldset>
<p class="actions"><button type="submit" class="button">[[Enregistrer le groupe]]</button></p>
</form>{{/PLATFORM_FORM}}
{{#TOPICS}}<h2>[[Sujets des tickets]]</h2>
<ul>{{#TOPIC}}<li>{{NAME}} ({{CODE}})</li>{{/TOPIC}}</ul>
<form action="/agent/assistance/sujets" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="code">[[Code (lettres minuscules, chiffres, _)]]</label><input id="code" name="code" type="text" maxlength="30"></div>
<div class="field"><label for="nom">[[Nom]]</label><input id="nom" name="nom" type="text" maxlength="120"></div>
<p class="actions"><button type="submit" class="button">[[Ajouter le sujet]]</button></p>
</form>{{/TOPICS}}
{{>FOOTER}}
